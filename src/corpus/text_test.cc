// Tests for text.
#include <gtest/gtest.h>
