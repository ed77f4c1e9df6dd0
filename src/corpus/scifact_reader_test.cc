// Tests for scifact_reader.
#include <gtest/gtest.h>
