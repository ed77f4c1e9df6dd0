// Tests for covidqa_reader.
#include <gtest/gtest.h>
