/* SPDX-License-Identifier: Apache-2.0 */
/* A SQLite VFS for fault-injection builds (XY_FAULTS): it wraps the default VFS and can make the
 * Nth xWrite or the Nth xSync fail with SQLITE_IOERR, as SQLite's own crash and I/O-error tests do.
 * The store opens every connection through it in XY_FAULTS builds; elsewhere none of this exists. */
#ifndef XY_VFS_FAULT_H
#define XY_VFS_FAULT_H

#ifdef XY_FAULTS

/* Registers the VFS (once; thread-safe) and returns its name for sqlite3_open_v2(), or NULL when
 * it could not be registered (the caller then uses the default VFS). */
const char *xy_vfs_fault_name(void);

/* The write (xWrite on any file: database, WAL, journal) numbered `nth`, 1-based and counted from
 * this call, fails, and with `persist` every one after it too (a full or dead disk); without it,
 * only that one (a transient error). 0 turns write faults off. */
void xy_vfs_fault_fail_write_at(long nth, int persist);
/* The same for xSync. */
void xy_vfs_fault_fail_sync_at(long nth, int persist);

/* Writes and syncs counted since the last call of the matching _fail_*_at(), and how many of them
 * were made to fail. */
long xy_vfs_fault_writes(void);
long xy_vfs_fault_syncs(void);
long xy_vfs_fault_failed(void);

#endif
#endif
