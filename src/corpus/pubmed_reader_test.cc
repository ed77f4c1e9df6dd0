// Tests for pubmed_reader.
#include <gtest/gtest.h>
