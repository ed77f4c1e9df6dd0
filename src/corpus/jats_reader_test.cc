// Tests for jats_reader.
#include <gtest/gtest.h>
