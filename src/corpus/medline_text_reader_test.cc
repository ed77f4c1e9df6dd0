// Tests for medline_text_reader.
#include <gtest/gtest.h>
