# The embedded Tor: libtor.a built once from Debian's pinned `tor` source
# package by cmake/build-libtor.sh and cached outside the build tree, keyed by
# version and build options. Provides the imported target chive::libtor.
set(CHIVE_TOR_CACHE "$ENV{HOME}/.cache/chive" CACHE PATH "Where the built libtor.a is cached")
if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(CHIVE_TOR_CACHE "$ENV{XDG_CACHE_HOME}/chive" CACHE PATH "" FORCE)
endif()

execute_process(
  COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/cmake/build-libtor.sh" "${CHIVE_TOR_CACHE}"
  OUTPUT_VARIABLE CHIVE_TOR_PREFIX OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _tor_result)
if(NOT _tor_result EQUAL 0)
  message(FATAL_ERROR "Building the embedded Tor failed (see the messages above)")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_SOURCE_DIR}/cmake/build-libtor.sh" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/tor-version.txt")

file(READ "${CHIVE_TOR_PREFIX}/link-libs.txt" _tor_libs)
separate_arguments(_tor_libs UNIX_COMMAND "${_tor_libs}")
file(STRINGS "${CHIVE_TOR_PREFIX}/VERSION" CHIVE_TOR_VERSION LIMIT_COUNT 1)
file(STRINGS "${CHIVE_TOR_PREFIX}/DEBIAN_VERSION" CHIVE_TOR_DEBIAN_VERSION LIMIT_COUNT 1)
message(STATUS "Embedded Tor ${CHIVE_TOR_DEBIAN_VERSION}: ${CHIVE_TOR_PREFIX}")

add_library(chive_libtor STATIC IMPORTED GLOBAL)
set_target_properties(chive_libtor PROPERTIES
  IMPORTED_LOCATION "${CHIVE_TOR_PREFIX}/lib/libtor.a"
  INTERFACE_INCLUDE_DIRECTORIES "${CHIVE_TOR_PREFIX}/include"
  INTERFACE_LINK_LIBRARIES "${_tor_libs};Threads::Threads")
add_library(chive::libtor ALIAS chive_libtor)
