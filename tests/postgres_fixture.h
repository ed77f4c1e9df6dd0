// The throwaway PostgreSQL cluster of a test run (scripts/pg_test_cluster.sh, started by CTest) and a
// fresh database in it per test.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <string>

namespace medoracle::testing {

// True when the run was told to skip PostgreSQL (MEDORACLE_TEST_PG=skip); otherwise a test that
// cannot reach the cluster fails.
inline bool SkipPostgres() {
  const char* env = std::getenv("MEDORACLE_TEST_PG");
  return env != nullptr && std::string(env) == "skip";
}

// The socket directory of the test cluster, read from the file named by MEDORACLE_TEST_PG_STATE
// (CTest sets it); "" with *why set when there is none.
inline std::string TestClusterSocketDir(std::string* why) {
  const char* state = std::getenv("MEDORACLE_TEST_PG_STATE");
  if (state == nullptr || *state == '\0') {
    *why =
        "MEDORACLE_TEST_PG_STATE is not set: run the tests through ctest, which starts the cluster "
        "(scripts/pg_test_cluster.sh), or set MEDORACLE_TEST_PG=skip";
    return "";
  }
  std::ifstream in(state);
  std::string dir;
  if (!std::getline(in, dir) || dir.empty()) {
    *why = std::string("no PostgreSQL test cluster: ") + state +
           " is missing (did the PgTestClusterStart test fail? see its output)";
    return "";
  }
  return dir;
}

// The URL of database name in the test cluster at socket_dir.
inline std::string ClusterUrl(const std::string& socket_dir, const std::string& name) {
  return "postgresql:///" + name + "?host=" + socket_dir + "&user=medoracle";
}

// Runs sql on url; returns "" on success, else the server's message (or the connection's).
inline std::string PgExec(const std::string& url, const std::string& sql, std::string* first_value = nullptr) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    } else if (first_value != nullptr) {
      *first_value = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

// A new, empty database in the test cluster, dropped at the end (with its connections).
class TestDatabase {
 public:
  TestDatabase() {
    dir_ = TestClusterSocketDir(&error_);
    if (dir_.empty()) return;
    static std::atomic<int> counter{0};
    name_ = "medoracle_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    error_ = PgExec(ClusterUrl(dir_, "postgres"), "CREATE DATABASE " + name_);
    if (!error_.empty()) error_ = "cannot create a test database: " + error_;
  }
  ~TestDatabase() {
    if (ok()) PgExec(ClusterUrl(dir_, "postgres"), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool ok() const { return !dir_.empty() && error_.empty(); }
  const std::string& error() const { return error_; }
  std::string url() const { return ClusterUrl(dir_, name_); }
  const std::string& socket_dir() const { return dir_; }

 private:
  std::string dir_;
  std::string name_;
  std::string error_;
};

}  // namespace medoracle::testing
