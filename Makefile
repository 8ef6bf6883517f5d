# The two commands a newcomer needs: `make run` and `make test`. Each installs
# what is missing (cmake/setup-debian.sh), configures and builds first.
BUILD_DIR ?= build
# `make package` builds in its own RelWithDebInfo dir without the tests, so a
# package never holds a Debug or sanitizer build (packaging/README.md).
PACKAGE_BUILD_DIR ?= build-package
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ifneq ($(CI),)
CMAKE_FLAGS += -DCHIVE_WERROR=ON
endif

.PHONY: all setup configure build run test bench demo demo-stop package clean

all: build

setup:
	@bash cmake/setup-debian.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/app/chive $(ARGS)

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	@cmake --build $(BUILD_DIR) --target run_benchmarks

# Two headless profiles on the private Tor network, added to each other and
# left running in $(BUILD_DIR)/demo; prints how to talk to them.
demo: build
	@python3 tests/headless/demo.py start $(BUILD_DIR)/app/chive $(BUILD_DIR)/demo

demo-stop:
	@python3 tests/headless/demo.py stop $(BUILD_DIR)/demo

package: setup
	@cmake -S . -B $(PACKAGE_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHIVE_BUILD_TESTS=OFF $(CMAKE_FLAGS)
	@cmake --build $(PACKAGE_BUILD_DIR) -j $(JOBS) --target package
	@ls -l $(PACKAGE_BUILD_DIR)/chive_*.deb

clean:
	rm -rf $(BUILD_DIR) $(PACKAGE_BUILD_DIR)
