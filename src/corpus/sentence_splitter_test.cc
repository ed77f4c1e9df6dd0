// Tests for sentence_splitter.
#include <gtest/gtest.h>
