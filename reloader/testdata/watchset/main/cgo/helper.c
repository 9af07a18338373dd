#include "helper.h"
int answer(void) { return 42; }
