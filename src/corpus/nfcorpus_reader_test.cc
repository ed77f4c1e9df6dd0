// Tests for nfcorpus_reader.
#include <gtest/gtest.h>
