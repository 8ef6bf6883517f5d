# System libraries, all from Debian 12 (SQLCipher and Catch2 from backports).
# cmake/setup-debian.sh installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(SQLCIPHER REQUIRED IMPORTED_TARGET sqlcipher>=3.46)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
find_package(ZXing REQUIRED)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Svg LinguistTools Test)
# Local sockets for handing a chive: link to the Chive that already runs.
find_package(Qt6 6.4 REQUIRED COMPONENTS Network)
# Webcam scanning of QR codes in the add-contact and contact-details dialogs.
find_package(Qt6 6.4 REQUIRED COMPONENTS Multimedia MultimediaWidgets)
find_path(TL_EXPECTED_INCLUDE_DIR tl/expected.hpp REQUIRED)
find_package(Threads REQUIRED)
# JSON for the headless mode (app/) and the Noise test-vector tool (tests/noise).
find_package(nlohmann_json 3.10 REQUIRED)
if(CHIVE_BUILD_TESTS)
  find_package(Catch2 3.7 REQUIRED)
endif()
