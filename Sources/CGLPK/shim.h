#ifndef ONESTOP_CGLPK_SHIM_H
#define ONESTOP_CGLPK_SHIM_H

/* Debian's libglpk-dev ships no pkg-config file: the header is <glpk.h>, the library -lglpk. */
#include <glpk.h>

#endif
