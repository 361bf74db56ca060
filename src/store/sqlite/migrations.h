/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite schema as numbered migrations; migration N brings the schema from version N-1 to N.
 * Never edit a released migration: add the next one. */
#ifndef XY_SQLITE_MIGRATIONS_H
#define XY_SQLITE_MIGRATIONS_H

/* Migration 31: marks a subject's stored answer stale (x: an SQL expression of its id). */
#define ANSWER_MARK(x)                                                                             \
    "INSERT INTO answer_stale SELECT " x " WHERE NOT EXISTS (SELECT 1 FROM answer_stale WHERE subject_id = " x "); "

static const char *const xy_sqlite_migrations[] = {
    /* 1: the core data path: catalogue, departments, subjects, batches, records, name search. */
    "CREATE TABLE catalog ("
    "  id INTEGER PRIMARY KEY,"
    "  version TEXT NOT NULL,"
    "  loaded_at TEXT NOT NULL,"
    "  body TEXT NOT NULL);"
    "CREATE TABLE dept ("
    "  id INTEGER PRIMARY KEY,"
    "  uscc TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE subject ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  uscc TEXT UNIQUE,"
    "  regno TEXT UNIQUE,"
    "  id_hash BLOB UNIQUE,"
    "  id_sealed BLOB,"
    "  id_masked TEXT,"
    "  opaque TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  name_as_of TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX subject_orgcode ON subject(substr(uscc, 9, 9));"
    "CREATE TABLE subject_name ("
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  name TEXT NOT NULL,"
    "  first_seen TEXT,"
    "  last_seen TEXT,"
    "  PRIMARY KEY (subject_id, name));"
    /* Bigram index of folded names: (gram, position, name length) order is rank order. */
    "CREATE TABLE name_gram ("
    "  gram TEXT NOT NULL,"
    "  pos INTEGER NOT NULL,"
    "  len INTEGER NOT NULL,"
    "  subject_id INTEGER NOT NULL,"
    "  PRIMARY KEY (gram, pos, len, subject_id)) WITHOUT ROWID;"
    "CREATE TABLE batch ("
    "  id INTEGER PRIMARY KEY,"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  class TEXT NOT NULL,"
    "  source TEXT,"
    "  format TEXT,"
    "  encoding TEXT,"
    "  rows_total INTEGER NOT NULL DEFAULT 0,"
    "  accepted INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0,"
    "  added INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0,"
    "  unchanged INTEGER NOT NULL DEFAULT 0,"
    "  started_at TEXT NOT NULL,"
    "  finished_at TEXT);"
    "CREATE TABLE batch_reject ("
    "  batch_id INTEGER NOT NULL REFERENCES batch(id),"
    "  seq INTEGER NOT NULL,"
    "  row_no INTEGER NOT NULL,"
    "  field TEXT,"
    "  value TEXT,"
    "  code TEXT,"
    "  reason TEXT NOT NULL,"
    "  PRIMARY KEY (batch_id, seq));"
    "CREATE TABLE record ("
    "  id INTEGER PRIMARY KEY,"
    "  class TEXT NOT NULL,"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  doc_no TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  is_current INTEGER NOT NULL,"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  batch_id INTEGER NOT NULL REFERENCES batch(id),"
    "  row_no INTEGER,"
    "  status TEXT NOT NULL,"
    "  decision_date TEXT,"
    "  valid_to TEXT,"
    "  min_until TEXT,"
    "  public_until TEXT,"
    "  severity TEXT,"
    "  sector TEXT,"
    "  amount_fen INTEGER NOT NULL DEFAULT 0,"
    "  flags INTEGER NOT NULL DEFAULT 0,"
    "  content_hash BLOB NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  sealed BLOB,"
    "  created_at TEXT NOT NULL);"
    "CREATE UNIQUE INDEX record_key ON record(class, dept_id, doc_no, version);"
    "CREATE INDEX record_subject ON record(subject_id, class) WHERE is_current = 1;",

    /* 2: API keys and the hash-chained audit log. */
    "CREATE TABLE api_key ("
    "  id INTEGER PRIMARY KEY,"
    "  role TEXT NOT NULL,"
    "  dept_id INTEGER REFERENCES dept(id),"
    "  subject_id INTEGER REFERENCES subject(id),"
    "  name TEXT,"
    "  hash BLOB NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT);"
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  detail TEXT,"
    "  prev BLOB NOT NULL,"
    "  hash BLOB NOT NULL);",

    /* 3: paging a class (list boards) and a department's own records. */
    "CREATE INDEX record_class ON record(class, id) WHERE is_current = 1;"
    "CREATE INDEX record_dept ON record(dept_id, id) WHERE is_current = 1;",

    /* 4: how many names hold each bigram, so that search walks the rarest one. */
    "CREATE TABLE gram_count ("
    "  gram TEXT PRIMARY KEY,"
    "  n INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO gram_count(gram, n) SELECT gram, count(*) FROM name_gram GROUP BY gram;",

    /* 5: joint reward and punishment: matters, memoranda and their measures, checks and feedback;
     * who looked at a subject; legal representatives found through a keyed hash of their ID. */
    "ALTER TABLE record ADD COLUMN rep_hash BLOB;"
    "CREATE INDEX record_rep ON record(rep_hash) WHERE rep_hash IS NOT NULL AND is_current = 1;"
    "CREATE TABLE matter ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  dept_uscc TEXT);"
    "CREATE TABLE memo ("
    "  id INTEGER PRIMARY KEY,"
    "  doc_no TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  is_current INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  signed_on TEXT,"
    "  signers TEXT NOT NULL,"
    "  target_class TEXT NOT NULL,"
    "  target_domain TEXT,"
    "  body TEXT NOT NULL,"
    "  loaded_at TEXT NOT NULL,"
    "  UNIQUE (doc_no, version));"
    "CREATE TABLE measure ("
    "  id INTEGER PRIMARY KEY,"
    "  memo_id INTEGER NOT NULL REFERENCES memo(id),"
    "  code TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('reward', 'punish')),"
    "  action TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  legal_basis TEXT NOT NULL CHECK (length(legal_basis) > 0),"
    "  depts TEXT NOT NULL,"
    "  matters TEXT NOT NULL,"
    "  valid_from TEXT,"
    "  valid_to TEXT);"
    "CREATE INDEX measure_memo ON measure(memo_id);"
    "CREATE TABLE checks ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  dept_uscc TEXT NOT NULL,"
    "  matter TEXT NOT NULL,"
    "  subject_id INTEGER,"
    "  hits INTEGER NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  feedback_due TEXT NOT NULL);"
    "CREATE INDEX checks_at ON checks(at);"
    "CREATE TABLE check_feedback ("
    "  check_id INTEGER NOT NULL REFERENCES checks(id),"
    "  measure_id INTEGER NOT NULL REFERENCES measure(id),"
    "  applied INTEGER NOT NULL,"
    "  reason TEXT,"
    "  outcome TEXT,"
    "  at TEXT NOT NULL,"
    "  PRIMARY KEY (check_id, measure_id));"
    "CREATE TABLE subject_access ("
    "  id INTEGER PRIMARY KEY,"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  dept_uscc TEXT,"
    "  purpose TEXT NOT NULL,"
    "  object TEXT);"
    "CREATE INDEX subject_access_subject ON subject_access(subject_id, at);",

    /* 6: reward and punishment cases (奖惩案例) the credit office publishes after review. */
    "CREATE TABLE jrp_case ("
    "  id INTEGER PRIMARY KEY,"
    "  check_id INTEGER NOT NULL REFERENCES checks(id),"
    "  measure_id INTEGER NOT NULL REFERENCES measure(id),"
    "  title TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  published_at TEXT NOT NULL,"
    "  published_by INTEGER NOT NULL,"
    "  UNIQUE (check_id, measure_id));",
    /* 7: rights of the subject: the working-day calendar, objections and repairs (claims) with their
     * steps and files, the mark an accepted objection puts on a record, consent grants, and the change
     * feed for upper platforms. */
    "CREATE TABLE calendar_day ("
    "  day TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),"
    "  name_zh TEXT,"
    "  name_en TEXT) WITHOUT ROWID;"
    "ALTER TABLE record ADD COLUMN objection_id INTEGER;"
    "CREATE TABLE claim ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('objection', 'repair')),"
    "  record_id INTEGER NOT NULL REFERENCES record(id),"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  filed_by INTEGER NOT NULL,"
    "  filed_role TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  signer TEXT,"
    "  state TEXT NOT NULL,"
    "  extended INTEGER NOT NULL DEFAULT 0,"
    "  due TEXT,"
    "  decision TEXT,"
    "  reason TEXT,"
    "  fields TEXT,"
    "  result_record INTEGER,"
    "  filed_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX claim_subject ON claim(subject_id, id);"
    "CREATE INDEX claim_dept ON claim(dept_id, kind, id);"
    "CREATE INDEX claim_record ON claim(record_id, kind);"
    "CREATE INDEX claim_due ON claim(kind, due) WHERE due IS NOT NULL;"
    "CREATE TABLE claim_step ("
    "  claim_id INTEGER NOT NULL REFERENCES claim(id),"
    "  seq INTEGER NOT NULL,"
    "  at TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  note TEXT,"
    "  due TEXT,"
    "  PRIMARY KEY (claim_id, seq));"
    "CREATE TABLE claim_file ("
    "  claim_id INTEGER NOT NULL REFERENCES claim(id),"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  media_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  sha256 BLOB NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (claim_id, seq));"
    "CREATE TABLE consent ("
    "  id INTEGER PRIMARY KEY,"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  querier_key INTEGER NOT NULL REFERENCES api_key(id),"
    "  classes TEXT NOT NULL,"
    "  purpose TEXT NOT NULL,"
    "  until TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT);"
    "CREATE INDEX consent_subject ON consent(subject_id, id);"
    "CREATE INDEX consent_querier ON consent(querier_key, id);"
    "ALTER TABLE subject_access ADD COLUMN grant_id INTEGER;"
    "CREATE TABLE change ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  record_id INTEGER,"
    "  subject_id INTEGER,"
    "  class TEXT,"
    "  detail TEXT);",

    /* 8: an objection's mark follows its record to newer versions; closing finds them by the objection. */
    "CREATE INDEX record_objection ON record(objection_id) WHERE objection_id IS NOT NULL;",

    /* 9: a count of policy changes (memoranda and their measures), moved by triggers so that no
     * writer can forget it: a server keeps the measures it has read for checks until it moves. */
    "CREATE TABLE policy_gen ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  n INTEGER NOT NULL);"
    "INSERT INTO policy_gen VALUES (1, 0);"
    "CREATE TRIGGER memo_gen_ins AFTER INSERT ON memo BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER memo_gen_upd AFTER UPDATE ON memo BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER memo_gen_del AFTER DELETE ON memo BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER measure_gen_ins AFTER INSERT ON measure BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER measure_gen_upd AFTER UPDATE ON measure BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER measure_gen_del AFTER DELETE ON measure BEGIN UPDATE policy_gen SET n = n + 1; END;",

    /* 10: the records whose publicity window has ended, found without reading the whole table: the
     * daily expiry holds the writer, and a scan of 4 million records held it 1.5 s. An expired record
     * leaves the index. */
    "CREATE INDEX record_due ON record(public_until, id) "
    "  WHERE is_current = 1 AND status = 'published' AND public_until IS NOT NULL;",

    /* 11: the decision numbers a list entry cites, one row each, found by exact number: a repaired
     * penalty lifts the entries that cite it, where a substring search of the fields' text lifted one
     * citing 〔2025〕123号 for 〔2025〕12号. Entries stored before are given theirs by `xinyong init`
     * (app/app.c). */
    "CREATE TABLE record_cite ("
    "  record_id INTEGER NOT NULL REFERENCES record(id),"
    "  subject_id INTEGER NOT NULL,"
    "  doc_no TEXT NOT NULL,"
    "  dept_uscc TEXT,"
    "  PRIMARY KEY (record_id, doc_no)) WITHOUT ROWID;"
    "CREATE INDEX record_cite_doc ON record_cite(subject_id, doc_no);",

    /* 12: credit evaluation (公共信用综合评价): the models the office loaded, each subject's latest
     * result (score in hundredths, its reasons as JSON) and the subjects whose records changed since
     * they were graded, marked by triggers so that no writer can forget them. */
    "CREATE TABLE eval_model ("
    "  version TEXT PRIMARY KEY,"
    "  applies_from TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  loaded_at TEXT NOT NULL,"
    "  loaded_by TEXT);"
    "CREATE TABLE eval_result ("
    "  subject_id INTEGER PRIMARY KEY REFERENCES subject(id),"
    "  kind TEXT NOT NULL,"
    "  region TEXT,"
    "  category TEXT,"
    "  model_version TEXT NOT NULL,"
    "  as_of TEXT NOT NULL,"
    "  score INTEGER NOT NULL,"
    "  grade TEXT NOT NULL,"
    "  items TEXT NOT NULL);"
    "CREATE INDEX eval_grade ON eval_result(grade, region, subject_id);"
    "CREATE TABLE eval_stale (subject_id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER eval_stale_ins AFTER INSERT ON record BEGIN "
    "  INSERT OR IGNORE INTO eval_stale VALUES (NEW.subject_id); END;"
    "CREATE TRIGGER eval_stale_upd AFTER UPDATE OF status, is_current ON record BEGIN "
    "  INSERT OR IGNORE INTO eval_stale VALUES (NEW.subject_id); END;",

    /* 13: the register of credit reports issued (公共信用信息报告): one row per report number
     * (4201 + day + sequence, the sequence allocated in the issuing transaction), whom it is about,
     * which kind and edition, for whom and why, and what makes it checkable: the SM3 of its canonical
     * JSON, the SHA-256 of the PDF as delivered, and the platform's SM2 signature. */
    "CREATE TABLE report ("
    "  number TEXT PRIMARY KEY,"
    "  day TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('org', 'person')),"
    "  edition TEXT NOT NULL CHECK (edition IN ('public', 'authorised')),"
    "  format TEXT NOT NULL CHECK (format IN ('pdf', 'json')),"
    "  purpose TEXT,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  dept_uscc TEXT,"
    "  requester TEXT,"
    "  grant_id INTEGER,"
    "  issued_at TEXT NOT NULL,"
    "  pages INTEGER NOT NULL DEFAULT 0,"
    "  json_sm3 BLOB NOT NULL,"
    "  pdf_sha256 BLOB,"
    "  pdf_size INTEGER,"
    "  signature BLOB NOT NULL,"
    "  UNIQUE (day, seq));"
    "CREATE INDEX report_subject ON report(subject_id, day);",

    /* 14: a record's past statuses, for grades replayed as of a past time: the change log already
     * dates every withdrawal, repair and expiry; this finds them by record. */
    "CREATE INDEX change_status ON change(record_id, at) "
    "WHERE kind IN ('record.withdrawn', 'record.repaired', 'record.expired');",

    /* 15: report numbers reserved apart from the register, so that a report is numbered in one short
     * transaction, signed and drawn outside any, and registered in another: a number once handed
     * out is never handed out again, even when its report was never registered. */
    "CREATE TABLE report_seq (day TEXT PRIMARY KEY, last INTEGER NOT NULL);"
    "INSERT INTO report_seq SELECT day, max(seq) FROM report GROUP BY day;",

    /* 16: the directory of queriers (banks, credit service agencies) the office registers; a querier
     * key belongs to one, and a subject grants access to the organisation it picks from the
     * directory, not to a key number. Grants made to a bare key before stay valid for that key. */
    "CREATE TABLE querier ("
    "  id INTEGER PRIMARY KEY,"
    "  uscc TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('bank', 'credit_agency', 'other')),"
    "  licence TEXT,"
    "  created_at TEXT NOT NULL,"
    "  disabled_at TEXT);"
    "ALTER TABLE api_key ADD COLUMN querier_id INTEGER REFERENCES querier(id);"
    "CREATE TABLE consent_new ("
    "  id INTEGER PRIMARY KEY,"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  querier_key INTEGER REFERENCES api_key(id),"
    "  querier_id INTEGER REFERENCES querier(id),"
    "  classes TEXT NOT NULL,"
    "  purpose TEXT NOT NULL,"
    "  until TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT,"
    "  CHECK (querier_key IS NOT NULL OR querier_id IS NOT NULL));"
    "INSERT INTO consent_new(id, subject_id, querier_key, classes, purpose, until, created_at, revoked_at) "
    "  SELECT id, subject_id, querier_key, classes, purpose, until, created_at, revoked_at FROM consent;"
    "DROP TABLE consent;"
    "ALTER TABLE consent_new RENAME TO consent;"
    "CREATE INDEX consent_subject ON consent(subject_id, id);"
    "CREATE INDEX consent_querier ON consent(querier_key, id);"
    "CREATE INDEX consent_querier_org ON consent(querier_id, id);",

    /* 17: monitoring departments and districts (DOMAIN §7): a department's district and level, its
     * collection catalogue, its monthly declarations, the figures departments enter, and the months
     * the office closed with their frozen figures; indexes for reading one month of records, batches,
     * changes and claims. */
    "ALTER TABLE dept ADD COLUMN region TEXT;"
    "ALTER TABLE dept ADD COLUMN level TEXT;"
    "CREATE TABLE dept_plan ("
    "  dept_id INTEGER PRIMARY KEY REFERENCES dept(id),"
    "  body TEXT NOT NULL,"
    "  set_at TEXT NOT NULL);"
    "CREATE TABLE declaration ("
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  month TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  declared_at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  PRIMARY KEY (dept_id, month));"
    "CREATE TABLE monitor_entry ("
    "  month TEXT NOT NULL,"
    "  category INTEGER NOT NULL,"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  item TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  entered_at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  PRIMARY KEY (month, category, dept_id, item));"
    "CREATE TABLE monitor_month ("
    "  month TEXT PRIMARY KEY,"
    "  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),"
    "  rules TEXT,"
    "  params TEXT,"
    "  figures TEXT,"
    "  closed_at TEXT,"
    "  closed_by INTEGER,"
    "  reopened INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX record_first ON record(created_at) WHERE version = 1;"
    "CREATE INDEX batch_finished ON batch(finished_at);"
    "CREATE INDEX change_at ON change(at);"
    "CREATE INDEX change_record ON change(record_id) WHERE record_id IS NOT NULL;"
    "CREATE INDEX checks_dept ON checks(dept_uscc, at);"
    "CREATE INDEX feedback_at ON check_feedback(at);"
    "CREATE INDEX report_issued ON report(issued_at);",

    /* 18: browsing a public class newest first
     * (双公示 pages): a page walks one of these backwards from its cursor, the whole class or one
     * department's records of it. */
    "CREATE INDEX record_browse ON record(class, decision_date, id) WHERE is_current = 1;"
    "CREATE INDEX record_dept_browse ON record(dept_id, class, decision_date, id) WHERE is_current = 1;",

    /* 19: a change to the working-day calendar moves the policy count, as memoranda and measures do:
     * what a check answers includes the day its feedback is due, counted in working days, and each
     * connection keeps that answer while the count stays. */
    "CREATE TRIGGER calendar_gen_ins AFTER INSERT ON calendar_day BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER calendar_gen_upd AFTER UPDATE ON calendar_day BEGIN UPDATE policy_gen SET n = n + 1; END;"
    "CREATE TRIGGER calendar_gen_del AFTER DELETE ON calendar_day BEGIN UPDATE policy_gen SET n = n + 1; END;",

    /* 20: exchange with upper platforms (docs/internals/EXCHANGE.md). The outbox is the change log
     * itself: a destination keeps only its cursor, the last change it acknowledged (acked_part: the
     * last record of a batch.committed change delivered in parts, 0 when the change is done). A
     * receiving platform keeps, per lower platform (source), the position it has applied and each
     * batch's acknowledgement, so that a replay gets the same answer; records that came from a lower
     * platform name it in record_source. */
    "CREATE TABLE exchange_dest ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  url TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  classes TEXT NOT NULL,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL,"
    "  acked_seq INTEGER NOT NULL DEFAULT 0,"
    "  acked_part INTEGER NOT NULL DEFAULT 0,"
    "  acked_at TEXT,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  last_error_at TEXT);"
    "CREATE TABLE exchange_source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  last_seq INTEGER NOT NULL DEFAULT 0,"
    "  last_part INTEGER NOT NULL DEFAULT 0,"
    "  batches INTEGER NOT NULL DEFAULT 0,"
    "  updated_at TEXT);"
    "CREATE TABLE exchange_inbound ("
    "  source_id INTEGER NOT NULL REFERENCES exchange_source(id),"
    "  first_seq INTEGER NOT NULL,"
    "  first_part INTEGER NOT NULL,"
    "  last_seq INTEGER NOT NULL,"
    "  last_part INTEGER NOT NULL,"
    "  at TEXT NOT NULL,"
    "  ack TEXT NOT NULL,"
    "  PRIMARY KEY (source_id, first_seq, first_part, last_seq, last_part)) WITHOUT ROWID;"
    "CREATE TABLE record_source ("
    "  record_id INTEGER PRIMARY KEY REFERENCES record(id),"
    "  source_id INTEGER NOT NULL REFERENCES exchange_source(id),"
    "  src_record INTEGER NOT NULL);",

    /* 21: supervision (督办, docs/internals/SUPERVISION.md). A notice is raised by a rule as a
     * candidate, once per (rule, department, period, subject); the office sends it with a number and
     * a deadline or dismisses it; the department answers (text and files), the office accepts or
     * returns the answer; a notice past its deadline is escalated (level 2). */
    "CREATE TABLE sup_notice ("
    "  id INTEGER PRIMARY KEY,"
    "  rule TEXT NOT NULL,"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  period TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  facts TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  level INTEGER NOT NULL DEFAULT 1,"
    "  number TEXT UNIQUE,"
    "  raised_at TEXT NOT NULL,"
    "  reviewed_at TEXT,"
    "  reviewed_by INTEGER,"
    "  reason TEXT,"
    "  sent_at TEXT,"
    "  due TEXT,"
    "  escalated_at TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  UNIQUE (rule, dept_id, period, subject));"
    "CREATE INDEX sup_notice_dept ON sup_notice(dept_id, id);"
    "CREATE INDEX sup_notice_due ON sup_notice(state, due);"
    "CREATE TABLE sup_answer ("
    "  notice_id INTEGER NOT NULL REFERENCES sup_notice(id),"
    "  seq INTEGER NOT NULL,"
    "  at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  verdict TEXT,"
    "  verdict_note TEXT,"
    "  verdict_at TEXT,"
    "  PRIMARY KEY (notice_id, seq));"
    "CREATE TABLE sup_file ("
    "  notice_id INTEGER NOT NULL REFERENCES sup_notice(id),"
    "  answer_seq INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  media_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  sha256 BLOB NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (notice_id, answer_seq, seq));",

    /* 22: articles (政策法规, 信用动态, 典型案例) and repair-training courses (信用修复培训), one table:
     * a course is an article of kind 'course' whose quiz (questions, choices, the right answers and
     * the pass mark, as JSON) is never shown to the public. Attachments are kept in the database, as
     * claim files are, so a backup holds them. A training attempt is kept whether it passed or not;
     * a pass carries its certificate number. */
    "CREATE TABLE article ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('policy', 'news', 'case', 'course')),"
    "  title TEXT NOT NULL,"
    "  summary TEXT,"
    "  body TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),"
    "  publish_date TEXT,"
    "  quiz TEXT,"
    "  key_id INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX article_list ON article(kind, state, publish_date, id);"
    "CREATE TABLE article_file ("
    "  article_id INTEGER NOT NULL REFERENCES article(id),"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  media_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  sha256 BLOB NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (article_id, seq));"
    "CREATE TABLE training_attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  course_id INTEGER NOT NULL REFERENCES article(id),"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  at TEXT NOT NULL,"
    "  score INTEGER NOT NULL,"
    "  total INTEGER NOT NULL,"
    "  passed INTEGER NOT NULL,"
    "  cert_no TEXT UNIQUE,"
    "  key_id INTEGER NOT NULL);"
    "CREATE INDEX training_subject ON training_attempt(subject_id, passed);",
    /* 23: staff accounts and their
     * sessions (docs/internals/ACCOUNTS.md). An account owns a key row (api_key) that carries its role,
     * department and name, so that every rule and every log that names a key names the person; the
     * key's secret is never issued. A session is kept only as the hash of its token; times are Unix
     * seconds, passed in by the caller. Failed sign-ins are counted per account name and per address. */
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  key_id INTEGER NOT NULL UNIQUE REFERENCES api_key(id),"
    "  pw_hash TEXT NOT NULL,"
    "  totp_sealed BLOB,"
    "  totp_active INTEGER NOT NULL DEFAULT 0,"
    "  totp_step INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  disabled_at TEXT);"
    "CREATE TABLE session ("
    "  token_hash BLOB PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  created INTEGER NOT NULL,"
    "  seen INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX session_account ON session(account_id);"
    "CREATE TABLE signin_throttle ("
    "  key TEXT PRIMARY KEY,"
    "  failures INTEGER NOT NULL,"
    "  last INTEGER NOT NULL) WITHOUT ROWID;",

    /* 24 (#15, the code conversion register): the registration authorities' lists of entities with old
     * codes, one row per entity keyed within its department's list (ident: the registration number,
     * else the organisation code with the name), uscc_at when a unified code was first given; and the
     * configurable monthly category's definitions, the latest in force. */
    "CREATE TABLE conv_entity ("
    "  id INTEGER PRIMARY KEY,"
    "  dept_id INTEGER NOT NULL REFERENCES dept(id),"
    "  ident TEXT NOT NULL,"
    "  authority TEXT NOT NULL,"
    "  orgcode TEXT,"
    "  regno TEXT,"
    "  name TEXT NOT NULL,"
    "  registered_on TEXT,"
    "  uscc TEXT,"
    "  first_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  uscc_at TEXT,"
    "  UNIQUE (dept_id, ident));"
    "CREATE INDEX conv_entity_orgcode ON conv_entity(orgcode);"
    "CREATE INDEX subject_regno_uscc ON subject(regno) WHERE uscc IS NOT NULL;"
    "CREATE TABLE monitor_extra ("
    "  id INTEGER PRIMARY KEY,"
    "  body TEXT NOT NULL,"
    "  set_at TEXT NOT NULL,"
    "  key_id INTEGER NOT NULL);",

    /* 25: the dashboards' aggregates (docs/internals/DASHBOARDS.md): per Beijing day, department and
     * class, counts by metric (mon_day), rolled up per month (mon_month, which the dashboards read,
     * with the declared figures and the list stock at month end; mon_city, the city's sums of it with
     * the departments taking part as metric "depts", so that a city trend reads a few hundred rows
     * whatever the number of departments); the day a refresh reached and
     * each day's first timely decision date (mon_cutoff), so that a drill-down finds the late
     * records of a month through record_dept_first without the calendar. */
    "CREATE TABLE mon_day ("
    "  day TEXT NOT NULL,"
    "  dept TEXT NOT NULL,"
    "  cls TEXT NOT NULL,"
    "  metric TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (day, dept, cls, metric)) WITHOUT ROWID;"
    "CREATE TABLE mon_month ("
    "  month TEXT NOT NULL,"
    "  dept TEXT NOT NULL,"
    "  region TEXT NOT NULL,"
    "  cls TEXT NOT NULL,"
    "  metric TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (month, dept, cls, metric)) WITHOUT ROWID;"
    "CREATE TABLE mon_city ("
    "  month TEXT NOT NULL,"
    "  cls TEXT NOT NULL,"
    "  metric TEXT NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (month, cls, metric)) WITHOUT ROWID;"
    "CREATE TABLE mon_cutoff ("
    "  day TEXT PRIMARY KEY,"
    "  cutoff TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE mon_refresh ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  day TEXT NOT NULL,"
    "  at TEXT NOT NULL);"
    "CREATE INDEX record_dept_first ON record(dept_id, class, created_at) WHERE version = 1;",

    /* 26: lists published above (national serious-dishonesty lists, the courts' list): a record
     * version taken from such a file names its source in `upper` (NULL for the city's own), which
     * the portal shows, which keeps city departments from changing it, and by which the next file
     * of that source replaces the entries whole (docs/internals/EXCHANGE.md). */
    "ALTER TABLE record ADD COLUMN upper TEXT;"
    "CREATE INDEX record_upper ON record(upper, class) WHERE upper IS NOT NULL AND is_current = 1;",

    /* 27: subject accounts (docs/internals/ACCOUNTS.md, "Subject accounts"): a company's or a
     * person's application for an account, its files (licence, authorisation letter, ID scan), the
     * office's decision, and the one-time activation code, kept only as its hash. A person's ID
     * number is kept as the subjects' are: blind hash, sealed, masked. */
    "CREATE TABLE subject_application ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('org', 'person')),"
    "  uscc TEXT,"
    "  id_hash BLOB,"
    "  id_sealed BLOB,"
    "  id_masked TEXT,"
    "  name TEXT NOT NULL,"
    "  legal_rep TEXT,"
    "  contact TEXT NOT NULL,"
    "  phone TEXT NOT NULL,"
    "  email TEXT,"
    "  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused', 'activated')),"
    "  reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  decided_at TEXT,"
    "  decided_by TEXT,"
    "  code_hash BLOB,"
    "  code_expires INTEGER NOT NULL DEFAULT 0,"
    "  activated_at TEXT,"
    "  account_id INTEGER REFERENCES account(id));"
    "CREATE INDEX subject_application_state ON subject_application(state, id);"
    "CREATE TABLE subject_application_file ("
    "  application_id INTEGER NOT NULL REFERENCES subject_application(id),"
    "  seq INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  media_type TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  sha256 BLOB NOT NULL,"
    "  data BLOB NOT NULL,"
    "  PRIMARY KEY (application_id, seq)) WITHOUT ROWID;",

    /* 28: the month's first versions read from the index alone (issue 15, bench/RESULTS.md): the
     * monthly report and the dashboards' refresh count a month's records by department, class,
     * decision date and the hour stored; with these columns in record_first they no longer fetch
     * each record's row (3 million random reads for a month of the bench city). version is listed
     * too: SQLite reads an index as covering only when it holds every column the query names,
     * its own WHERE's included. */
    "DROP INDEX IF EXISTS record_first;"
    "CREATE INDEX record_first ON record(created_at, dept_id, class, decision_date, version) WHERE version = 1;"
    /* and the refresh's mark: the largest record id it counted and the fingerprint of the rules
     * and calendar it counted by, so that closing a month may take the month's record counts from
     * mon_day when nothing stored since falls in the month (docs/internals/DASHBOARDS.md) */
    "ALTER TABLE mon_refresh ADD COLUMN record_id INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE mon_refresh ADD COLUMN rules TEXT NOT NULL DEFAULT '';",

    /* 29: subscriptions (docs/internals/SUBSCRIPTIONS.md): a querier's or a department's webhook
     * with its sealed HMAC key and its cursor in the change log, and the subjects it follows, each
     * under the grant that allows it (NULL for a department's). The key is (subscription, subject)
     * so that a batch's records are matched by one probe each. */
    "CREATE TABLE subscription ("
    "  id INTEGER PRIMARY KEY,"
    "  key_id INTEGER NOT NULL REFERENCES api_key(id),"
    "  role TEXT NOT NULL,"
    "  url TEXT NOT NULL,"
    "  secret BLOB NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  ended_at TEXT,"
    "  ended_reason TEXT,"
    "  acked_seq INTEGER NOT NULL DEFAULT 0,"
    "  acked_part INTEGER NOT NULL DEFAULT 0,"
    "  acked_at TEXT,"
    "  delivered INTEGER NOT NULL DEFAULT 0,"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  last_error_at TEXT);"
    "CREATE INDEX subscription_key ON subscription(key_id);"
    "CREATE TABLE subscription_subject ("
    "  subscription_id INTEGER NOT NULL REFERENCES subscription(id),"
    "  subject_id INTEGER NOT NULL REFERENCES subject(id),"
    "  consent_id INTEGER REFERENCES consent(id),"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (subscription_id, subject_id));",

    /* 30: the exchange's keys (docs/internals/EXCHANGE.md, "Keys and signatures"). A destination's
     * bearer key is kept sealed with the platform's key (key_sealed; the clear `key` column stays
     * empty, and a row written before this migration is sealed at its next use), with the Ed25519
     * key pair that signs its batches (sign_sealed: the secret key sealed; sign_pub: the public key,
     * which the destination registers). A lower platform's public key is in verify_key; the nonces
     * of its signed batches in the last minutes are kept, so that a batch replayed is refused. */
    "ALTER TABLE exchange_dest ADD COLUMN key_sealed BLOB;"
    "ALTER TABLE exchange_dest ADD COLUMN sign_sealed BLOB;"
    "ALTER TABLE exchange_dest ADD COLUMN sign_pub TEXT;"
    "ALTER TABLE exchange_source ADD COLUMN verify_key TEXT;"
    "CREATE TABLE exchange_nonce ("
    "  source_id INTEGER NOT NULL REFERENCES exchange_source(id),"
    "  nonce TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (source_id, nonce)) WITHOUT ROWID;"
    "CREATE INDEX exchange_nonce_at ON exchange_nonce(at);",

    /* 31: stored public answers (app/answer.h, issue 21): the public answer of each subject's lookup
     * as the app built it (body NULL: the subject has no public page), which build made it, and the
     * last day it holds (the earliest end of a publicity window it shows; NULL: none ends). The
     * triggers (and, for inserts, the store's insert operations) mark a subject stale in the
     * transaction of every write to what its answer is built from (its row, its names, its records,
     * a department's name, the catalogue); a stale subject's
     * stored answer is never served, and the daily upkeep and the server's watchdog rebuild it. */
    "CREATE TABLE subject_answer ("
    "  subject_id INTEGER PRIMARY KEY,"
    "  made_by TEXT NOT NULL,"
    "  valid_through TEXT,"
    "  body BLOB);"
    "CREATE TABLE answer_stale (subject_id INTEGER PRIMARY KEY);"
    "INSERT INTO answer_stale SELECT id FROM subject;"
    /* Inserts into subject, subject_name and record are marked by the store's own insert statements'
     * callers (store_sqlite_answer.c: xy_sqlite_answer_mark), not by triggers: a trigger's program
     * costs an import about 17,000 instructions a row even when a WHEN clause stops it, and a batch
     * import marks its subjects in one statement at its end instead (answer_mark_batch). */
    /* Marked with NOT EXISTS rather than OR IGNORE: a trigger's OR clause gives way to the outer
     * statement's (an upsert of the name history would fail on a subject marked already). */
    "CREATE TRIGGER answer_subject_upd AFTER UPDATE ON subject BEGIN "
    ANSWER_MARK("OLD.id") ANSWER_MARK("NEW.id") "END;"
    "CREATE TRIGGER answer_subject_del AFTER DELETE ON subject BEGIN "
    ANSWER_MARK("OLD.id") "END;"
    "CREATE TRIGGER answer_name_upd AFTER UPDATE ON subject_name BEGIN "
    ANSWER_MARK("OLD.subject_id") ANSWER_MARK("NEW.subject_id") "END;"
    "CREATE TRIGGER answer_name_del AFTER DELETE ON subject_name BEGIN "
    ANSWER_MARK("OLD.subject_id") "END;"
    "CREATE TRIGGER answer_record_upd AFTER UPDATE ON record BEGIN "
    ANSWER_MARK("OLD.subject_id") ANSWER_MARK("NEW.subject_id") "END;"
    "CREATE TRIGGER answer_record_del AFTER DELETE ON record BEGIN "
    ANSWER_MARK("OLD.subject_id") "END;"
    "CREATE TRIGGER answer_dept_upd AFTER UPDATE OF uscc, name ON dept BEGIN "
    "  INSERT INTO answer_stale SELECT DISTINCT r.subject_id FROM record r WHERE r.dept_id = NEW.id "
    "  AND NOT EXISTS (SELECT 1 FROM answer_stale t WHERE t.subject_id = r.subject_id); END;"
    "CREATE TRIGGER answer_catalog_ins AFTER INSERT ON catalog BEGIN "
    "  INSERT INTO answer_stale SELECT a.subject_id FROM subject_answer a "
    "  WHERE NOT EXISTS (SELECT 1 FROM answer_stale t WHERE t.subject_id = a.subject_id); END;",
};

#define XY_SQLITE_NMIGRATIONS (sizeof xy_sqlite_migrations / sizeof *xy_sqlite_migrations)

#endif
