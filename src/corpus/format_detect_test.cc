// Tests for format_detect.
#include <gtest/gtest.h>
