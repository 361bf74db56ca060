/* SPDX-License-Identifier: Apache-2.0 */
/* The fault-injecting VFS (see vfs_fault.h): every file method is passed to the wrapped default
 * VFS, except that a chosen write or sync answers SQLITE_IOERR_WRITE / SQLITE_IOERR_FSYNC without
 * touching the file. Compiled to nothing unless XY_FAULTS. */
#ifdef XY_FAULTS

#include "store/sqlite/vfs_fault.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <string.h>

#define VFS_NAME "xy_fault"

/* Our file handle; the wrapped VFS's handle follows it in the same allocation (szOsFile). */
struct fault_file {
    sqlite3_file base;
    sqlite3_file *real;
};

static sqlite3_vfs fault_vfs;
static sqlite3_vfs *real_vfs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered;

/* Counters are shared by every connection (the server has several threads). */
static atomic_long write_at, write_n, sync_at, sync_n, failed;
static atomic_int write_persist, sync_persist;

void xy_vfs_fault_fail_write_at(long nth, int persist)
{
    atomic_store(&write_n, 0);
    atomic_store(&write_persist, persist);
    atomic_store(&write_at, nth);
    atomic_store(&failed, 0);
}

void xy_vfs_fault_fail_sync_at(long nth, int persist)
{
    atomic_store(&sync_n, 0);
    atomic_store(&sync_persist, persist);
    atomic_store(&sync_at, nth);
    atomic_store(&failed, 0);
}

long xy_vfs_fault_writes(void)
{
    return atomic_load(&write_n);
}

long xy_vfs_fault_syncs(void)
{
    return atomic_load(&sync_n);
}

long xy_vfs_fault_failed(void)
{
    return atomic_load(&failed);
}

/* Counts one call and says whether it is to fail. */
static int hit(atomic_long *n, atomic_long *at, atomic_int *persist)
{
    long i = atomic_fetch_add(n, 1) + 1;
    long a = atomic_load(at);
    if (a <= 0 || i < a || (i > a && !atomic_load(persist)))
        return 0;
    atomic_fetch_add(&failed, 1);
    return 1;
}

#define REAL(f) (((struct fault_file *)(f))->real)

static int f_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    f->pMethods = NULL;
    return rc;
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    if (hit(&write_n, &write_at, &write_persist))
        return SQLITE_IOERR_WRITE;
    return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
    if (hit(&sync_n, &sync_at, &sync_persist))
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int f_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_device_chars(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

/* One table per method version of the wrapped file, so that SQLite sees the same capabilities
 * (no shared memory on a file whose VFS has none, no memory mapping below version 3). */
static const sqlite3_io_methods methods[3] = {
    {1, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_check_reserved, f_control,
     f_sector_size, f_device_chars, NULL, NULL, NULL, NULL, NULL, NULL},
    {2, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_check_reserved, f_control,
     f_sector_size, f_device_chars, f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, NULL, NULL},
    {3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_check_reserved, f_control,
     f_sector_size, f_device_chars, f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch},
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    struct fault_file *p = (struct fault_file *)f;
    (void)vfs;
    p->real = (sqlite3_file *)&p[1];
    p->real->pMethods = NULL;
    int rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out_flags);
    const sqlite3_io_methods *m = p->real->pMethods;
    /* SQLite calls xClose only when pMethods is set, and must then reach the real file's. */
    if (!m) {
        f->pMethods = NULL;
        return rc;
    }
    int v = m->iVersion < 1 ? 1 : m->iVersion > 3 ? 3 : m->iVersion;
    f->pMethods = &methods[v - 1];
    return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real_vfs->xDlOpen(real_vfs, name);
}

static void v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    real_vfs->xDlError(real_vfs, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return real_vfs->xDlSym(real_vfs, h, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    real_vfs->xDlClose(real_vfs, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xRandomness(real_vfs, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return real_vfs->xSleep(real_vfs, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return real_vfs->xCurrentTime(real_vfs, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void do_register(void)
{
    if (sqlite3_initialize() != SQLITE_OK || !(real_vfs = sqlite3_vfs_find(NULL)))
        return;
    memset(&fault_vfs, 0, sizeof fault_vfs);
    /* Version 2 at most: the system-call overrides of version 3 belong to the wrapped VFS. */
    fault_vfs.iVersion = real_vfs->iVersion < 2 ? real_vfs->iVersion : 2;
    fault_vfs.szOsFile = (int)sizeof(struct fault_file) + real_vfs->szOsFile;
    fault_vfs.mxPathname = real_vfs->mxPathname;
    fault_vfs.zName = VFS_NAME;
    fault_vfs.xOpen = v_open;
    fault_vfs.xDelete = v_delete;
    fault_vfs.xAccess = v_access;
    fault_vfs.xFullPathname = v_full_pathname;
    fault_vfs.xDlOpen = v_dlopen;
    fault_vfs.xDlError = v_dlerror;
    fault_vfs.xDlSym = v_dlsym;
    fault_vfs.xDlClose = v_dlclose;
    fault_vfs.xRandomness = v_randomness;
    fault_vfs.xSleep = v_sleep;
    fault_vfs.xCurrentTime = v_current_time;
    fault_vfs.xGetLastError = v_last_error;
    if (fault_vfs.iVersion >= 2)
        fault_vfs.xCurrentTimeInt64 = v_current_time_int64;
    registered = sqlite3_vfs_register(&fault_vfs, 0) == SQLITE_OK;
}

const char *xy_vfs_fault_name(void)
{
    pthread_once(&once, do_register);
    return registered ? VFS_NAME : NULL;
}

#else
/* ISO C wants a translation unit to declare something. */
typedef int xy_vfs_fault_unused;
#endif
