// Tests for document.
#include <gtest/gtest.h>
