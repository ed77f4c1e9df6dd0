// Tests for bioasq_reader.
#include <gtest/gtest.h>
