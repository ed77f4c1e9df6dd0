// Tests for vocabulary_reader.
#include <gtest/gtest.h>
