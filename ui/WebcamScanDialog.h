#pragma once

// WebcamScanDialog: shows the default camera and reads QR codes from its
// frames until one passes the caller's check, then closes with that text.
// Frames go through QrReader (the QR decoder's size limits apply; frames
// that arrive while one is being decoded are dropped).
//
// Ownership: owns the camera for its lifetime (the camera is released when
// the dialog is destroyed). GUI thread only.

#include <QDialog>

#include <functional>
#include <memory>
#include <string>

class QCamera;
class QLabel;
class QMediaCaptureSession;
class QVideoFrame;
class QVideoWidget;

namespace chive::ui {

class QrReader;

class WebcamScanDialog : public QDialog {
    Q_OBJECT

public:
    // Returns an empty string if `text` is what the caller wants, otherwise
    // why not (shown under the picture while scanning goes on).
    using Check = std::function<QString(const std::string& text)>;

    WebcamScanDialog(Check check, QWidget* parent = nullptr);
    ~WebcamScanDialog() override;
    WebcamScanDialog(const WebcamScanDialog&) = delete;
    WebcamScanDialog& operator=(const WebcamScanDialog&) = delete;
    WebcamScanDialog(WebcamScanDialog&&) = delete;
    WebcamScanDialog& operator=(WebcamScanDialog&&) = delete;

    // True if the system reports at least one camera.
    [[nodiscard]] static bool cameraAvailable();
    // The accepted text, once the dialog was accepted.
    [[nodiscard]] const std::string& text() const { return m_text; }

private:
    void onFrame(const QVideoFrame& frame);
    void onDecoded(const std::string& text);

    Check m_check;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QCamera> m_camera;
    QVideoWidget* m_video = nullptr;
    QLabel* m_status = nullptr;
    QrReader* m_reader = nullptr;
    std::string m_text;
};

} // namespace chive::ui
