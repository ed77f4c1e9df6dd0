// Tests for medquad_reader.
#include <gtest/gtest.h>
