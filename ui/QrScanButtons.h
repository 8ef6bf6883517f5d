#pragma once

// QrScanButtons: the ways to read someone's QR code into a dialog: "Load QR
// from image…", "Paste QR from clipboard" and, when the system has a
// camera, "Scan with webcam". Decoding runs off the GUI thread (QrReader);
// the result is reported by signal. The owner says what a valid code is
// (setCheck), so a webcam scan goes on until it sees one.
//
// GUI thread only. The buttons are children of this widget; the owner lays
// them out by adding this widget.

#include <QString>
#include <QWidget>

#include <functional>
#include <string>

class QPushButton;

namespace chive::ui {

class QrReader;

class QrScanButtons : public QWidget {
    Q_OBJECT

public:
    using Check = std::function<QString(const std::string& text)>;

    // `what` names the code for accessible names and the file dialog's
    // title, e.g. tr("their link").
    explicit QrScanButtons(QString what, QWidget* parent = nullptr);

    void setCheck(Check check);
    // The actions behind the buttons, without their file dialog (tests and
    // drag and drop use these).
    void loadFile(const QString& path);
    void pasteClipboard();
    [[nodiscard]] bool busy() const;
    [[nodiscard]] QPushButton* webcamButton() const { return m_webcam; }

signals:
    void scanned(const std::string& text);
    void failed(const QString& reason);

private:
    void chooseFile();
    void scanWithWebcam();

    QString m_what;
    Check m_check;
    QrReader* m_reader = nullptr;
    QPushButton* m_load = nullptr;
    QPushButton* m_paste = nullptr;
    QPushButton* m_webcam = nullptr;
};

} // namespace chive::ui
