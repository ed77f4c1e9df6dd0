// HTML fragments to clean text blocks (NGC guideline fields, JATS inline markup).
#pragma once
