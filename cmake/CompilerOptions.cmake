# Warnings and hardening shared by every Chive target through chive_options.
add_library(chive_options INTERFACE)
target_compile_options(chive_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  -fstack-protector-strong -fstack-clash-protection -fcf-protection)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(chive_options INTERFACE -Wduplicated-cond -Wlogical-op -Wuseless-cast)
endif()
# _FORTIFY_SOURCE needs optimisation; Debug builds skip it rather than warn.
# Sanitizer builds skip it too: it hides accesses from ASan.
if(NOT CHIVE_FUZZ)
  target_compile_definitions(chive_options INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
endif()
target_compile_definitions(chive_options INTERFACE _GLIBCXX_ASSERTIONS)
target_link_options(chive_options INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -Wl,--as-needed)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
include(CheckPIESupported)
check_pie_supported()
if(CHIVE_WERROR)
  target_compile_options(chive_options INTERFACE -Werror)
endif()
