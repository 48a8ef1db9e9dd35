// version.h: the release of duplicata every image reports.
#ifndef VERSION_H
#define VERSION_H

#define DUPLICATA_VERSION "0.1"

#endif
