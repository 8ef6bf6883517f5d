#pragma once

// QrReader: decodes QR codes from image files, the clipboard and camera
// frames off the GUI thread (a large photo takes up to a second), and
// reports on the GUI thread.
//
// Threads: call from the GUI thread. Each request runs on Qt's global
// thread pool; its result is posted back to the GUI thread and dropped if
// a newer request was made meanwhile or this object is gone (a guard and a
// generation number, checked on the GUI thread). At most one decode per
// reader runs at a time for camera frames (offerFrame drops frames while
// busy), so frames never queue up.

#include "core/Result.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <string>

namespace chive::ui {

class QrReader : public QObject {
    Q_OBJECT

public:
    explicit QrReader(QObject* parent = nullptr);

    void readFile(const QString& path);
    // Reads the clipboard's image now (GUI thread), decodes it in the pool.
    void readClipboard();
    void readImage(const QImage& image);
    // A camera frame: decoded only if no other decode is running.
    void offerFrame(const QImage& frame);
    [[nodiscard]] bool busy() const { return m_busy; }

    // An error from decoding, in words for a person.
    [[nodiscard]] static QString describe(const core::Error& error);

signals:
    void decoded(const std::string& text);
    void failed(const QString& reason);

private:
    void start(std::function<core::Result<std::string>()> work);
    void finish(std::uint64_t generation, const core::Result<std::string>& result);

    std::uint64_t m_generation = 0;
    bool m_busy = false;
};

} // namespace chive::ui
