// Tests for jsonl_reader.
#include <gtest/gtest.h>
