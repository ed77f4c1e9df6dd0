// HTML fragments to clean text blocks (NGC guideline fields, JATS inline markup).
#include "corpus/html_text.h"
