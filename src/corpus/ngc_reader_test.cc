// Tests for ngc_reader.
#include <gtest/gtest.h>
