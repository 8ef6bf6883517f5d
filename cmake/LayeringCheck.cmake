# Fails the build when the layering rules are broken: no Qt in core/ or
# storage/, none in transport's public headers. Runs on every build.
add_custom_target(layering_check ALL
  COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/cmake/check-layering.sh" "${CMAKE_CURRENT_SOURCE_DIR}"
  COMMENT "Checking that core, storage and transport headers are Qt-free"
  VERBATIM)
foreach(_lib chive_core chive_storage chive_transport)
  # A Qt dependency on a lower layer would also break the rule.
  get_target_property(_deps ${_lib} LINK_LIBRARIES)
  if(_deps MATCHES "Qt")
    message(FATAL_ERROR "${_lib} links Qt; only ui/ and app/ may")
  endif()
endforeach()
