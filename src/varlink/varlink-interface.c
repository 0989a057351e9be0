#include "varlink-interface.h"
