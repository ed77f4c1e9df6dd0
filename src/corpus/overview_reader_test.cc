// Tests for overview_reader.
#include <gtest/gtest.h>
