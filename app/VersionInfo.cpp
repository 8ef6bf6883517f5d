#include "app/VersionInfo.h"

#include "app/BuildInfo.h"
#include "core/Sodium.h"
#include "transport/EmbeddedTor.h"

#include <sqlite3.h>

#include <QtGlobal>

namespace chive::app {

namespace {

// SQLCipher reports its version through a pragma on any connection; plain
// SQLite returns no row, which shows up here as "not SQLCipher".
std::string sqlcipherVersion() {
    sqlite3* db = nullptr;
    std::string version = "not SQLCipher";
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA cipher_version;", -1, &statement, nullptr) ==
                SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, 0);
            if (text != nullptr) {
                version = reinterpret_cast<const char*>(text);
            }
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return version;
}

} // namespace

std::string versionText() {
    std::string text;
    text += "Chive " + std::string(kChiveVersion) + "\n";
    text += "Tor " + transport::EmbeddedTor::linkedVersion() + " (embedded, Debian " +
            kTorDebianVersion + ")\n";
    text += "SQLCipher " + sqlcipherVersion() + " (SQLite " + sqlite3_libversion() + ")\n";
    text += "libsodium " + std::string(core::sodiumVersion()) + "\n";
    text += "Qt " + std::string(qVersion()) + "\n";
    return text;
}

} // namespace chive::app
