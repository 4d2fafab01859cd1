// The header declares a function of the libFuzzer runtime; there is nothing to compile here.
#include "CFuzzerDriver.h"
