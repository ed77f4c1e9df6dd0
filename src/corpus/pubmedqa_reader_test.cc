// Tests for pubmedqa_reader.
#include <gtest/gtest.h>
