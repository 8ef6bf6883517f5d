#include "app/VersionInfo.h"

#include "app/BuildInfo.h"
#include "core/Sodium.h"
#include "storage/Database.h"
#include "transport/EmbeddedTor.h"

#include <sqlite3.h>

#include <QtGlobal>

namespace chive::app {

std::string versionText() {
    std::string text;
    text += "Chive " + std::string(kChiveVersion) + "\n";
    text += "Tor " + transport::EmbeddedTor::linkedVersion() + " (embedded, Debian " +
            kTorDebianVersion + ")\n";
    std::string cipher = storage::Database::cipherVersion();
    text += "SQLCipher " +
            (cipher.empty() ? std::string("missing: plain SQLite is linked") : cipher) +
            " (SQLite " + sqlite3_libversion() + ")\n";
    text += "libsodium " + std::string(core::sodiumVersion()) + "\n";
    text += "Qt " + std::string(qVersion()) + "\n";
    return text;
}

} // namespace chive::app
