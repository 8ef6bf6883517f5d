<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>ContactTimeText</name>
    <message>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not seen yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last seen just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>last seen %n min ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last seen %n h ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>last seen yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>last seen %n days ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>last seen on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day left</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n days left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>1 hour left</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hours left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>1 minute left</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minutes left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chive::ui::AddContactDialog</name>
    <message>
        <source>This is not a valid Chive link: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link was made by a newer version of Chive. Update Chive to add this contact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link&apos;s checksum does not match: a character was changed or lost on the way. Copy the link again, or ask for it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This text is far too long to be a Chive link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is your own link. Send it to your contact, and enter the link they send you here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link was already used. A link is for one contact only: ask them for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invitation expired or was cancelled. Close this window and add the contact again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link could not be entered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link is made for one person. Send them your link and enter the link they send you; once both of you have entered the other&apos;s link, Chive connects you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name for the new contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;reate link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a link for this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your link: send it to them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy your link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code of your link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your contact can scan this code with their webcam or load a picture of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save QR as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the QR code of your link as a PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste their chive: link here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>their link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If you close this window before entering their link, the invitation stays in your pending list for 7 days: open it from there to enter their link later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the contact with their link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for this contact (only you see it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make a link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code could not be made; send the link as text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their link is entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their link is entered: Chive is looking for them. Make sure they have your link too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the link they sent you, or load a picture of their QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This link is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code does not hold a Chive link. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invitation is finished: the contact is in your list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the QR code of your link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the QR code: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile&apos;s key is rewrapped with the new password; the messages are not rewritten. A lost password cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;urrent password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength: weak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength: fair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength: strong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords match</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ContactDelegate</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ContactDetailsDialog</name>
    <message>
        <source>read this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The safety number is not available yet: the contact has not connected once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare this number with the one your contact sees, in person or over a channel you trust (all 12 groups), or scan each other&apos;s code. If they match, nobody changed the links you exchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your contact scans this code to compare safety numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>their verification code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan their code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete c&amp;onversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the conversation with this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code is not a Chive safety number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending: not connected yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unverify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as &amp;verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark this contact as not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark this contact as verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rename the contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change the verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code is not a Chive safety number. Scan the code shown in your contact&apos;s details for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The safety numbers do NOT match. The keys you and %1 hold differ: someone may have changed the links you exchanged. Do not mark this contact as verified; exchange new links in person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mark the contact as verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The safety numbers match. %1 is now verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every message you exchanged with %1? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 and your whole conversation? Their keys are removed and you can no longer reach each other; %1 is not told. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete the contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ContactListModel</name>
    <message>
        <source>You: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 unread message</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unread messages</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>last message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the contacts: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ContactsPane</name>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter contacts by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contacts yet. Use &quot;Add contact&quot; to make a link for someone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact &amp;details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the invitation for %1? Its link stops working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not cancel the invitation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact details…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ConversationModel</name>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent by you at %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ConversationPane</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a contact to start chatting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conversation open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the newest messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search this conversation (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact details: rename, verify, delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the search (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a message (Enter sends, Shift+Enter adds a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the contact to connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline, last seen %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message is too long to send: %1 bytes, and one message holds at most %2. Split it into several messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write something first: an empty message is not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message was not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This message is no longer in the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s) from this computer? Your contact keeps their copy.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The message could not be deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete every message of this conversation from this computer? Your contact keeps their copy. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation could not be deleted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete conversation…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::ConversationView</name>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::InvitationListModel</name>
    <message>
        <source>Could not read the pending invitations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending invitation for %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for their link · %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::MainView</name>
    <message>
        <source>Contacts and conversation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::MainWindow</name>
    <message>
        <source>Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive locked itself after a time without use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Network settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact &amp;details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::MessageDelegate</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select part of the message and copy it; Esc closes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::NetworkSettingsDialog</name>
    <message>
        <source>obfs4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snowflake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Chive&apos;s own &amp;Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Chive&apos;s own Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Tor &amp;running on this system (for example on Tails)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Tor running on this system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bridges: connect to Tor directly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain bridges (no pluggable transport)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pluggable transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One bridge per line, as given by bridges.torproject.org or a friend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One bridge per line, for example:
obfs4 192.0.2.10:443 FINGERPRINT cert=… iat-mode=0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge line check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About bridges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridges are unlisted Tor relays for networks that block Tor. Get bridge lines from bridges.torproject.org or from someone you trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge &amp;lines:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control &amp;socket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reach Tor&apos;s control socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control socket path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control &amp;port on 127.0.0.1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reach Tor&apos;s control port on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cookie file (SAFECOOKIE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cookie file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file Tor names (leave empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control port password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cookie file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network settings cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: this is a %2 bridge, but %3 bridges are chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste at least one bridge line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>obfs4 bridges need obfs4proxy, which is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snowflake needs snowflake-client, which is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n bridge(s) ready.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>obfs4proxy is not installed. Install the package obfs4proxy (sudo apt install obfs4proxy), then apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snowflake-client is not installed. Install the package snowflake-client (sudo apt install snowflake-client), then apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Giving the settings to Tor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor uses the new settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings were not applied; the previous ones stay in force. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::QrReader</name>
    <message>
        <source>The clipboard holds no image. Copy a picture of the QR code (a screenshot, or &quot;Copy image&quot; in a browser or viewer) and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code was found in the image. Try a sharper picture, with the whole code in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is too large: Chive reads QR codes from images of up to 8192 pixels a side and 32 megapixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not an image Chive can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::QrScanButtons</name>
    <message>
        <source>Load QR from &amp;image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the QR code of %1 from an image file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste QR from clip&amp;board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the QR code of %1 from an image in the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan with &amp;webcam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code of %1 with the webcam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after this many idle minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show message &amp;text in notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show message text in notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: notifications say only who wrote. Anyone who can see the screen can read what a notification shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock after idle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::StartupWindow</name>
    <message>
        <source>Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive start-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor start-up progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in Tor is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the Tor network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor&apos;s network access is turned off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive was started offline; no connections are made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the Tor network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Tor cannot reach the network: %1.
Chive keeps trying (%n attempt(s) failed so far). Check this computer&apos;s internet connection; if Tor is blocked where you are, bridges will help.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>connections to Tor relays are refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no route to the Tor network; this computer may be offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connections to Tor relays time out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connections to Tor relays are cut off; the network may be blocking Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a relay did not prove its identity; the connection may be intercepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer has run out of resources for new connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the program for the configured bridges is missing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::TorBanner</name>
    <message>
        <source>Tor status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor start-up phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor start-up progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to Tor… %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor stopped; messages cannot be sent or received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in Tor is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive was started offline; no connections are made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the Tor network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the Tor network: %1 (%2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor cannot reach the network: %1. Chive keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::TrayIcon</name>
    <message>
        <source>Show or hide Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Chive: %n unread message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>New message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::UnlockPage</name>
    <message>
        <source>Unlock the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password to open your profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile is damaged and cannot be opened (%1). The password was not the problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile was made by a newer version of Chive: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile is in use by another Chive: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::WebcamScanDialog</name>
    <message>
        <source>Scan a QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold the QR code in front of the camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>chive::ui::WelcomePage</name>
    <message>
        <source>Create a profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Chive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chive keeps your contacts and messages in an encrypted profile on this computer. Choose a password to protect it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no way to recover a lost password. If you forget it, your contacts and messages are gone for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Strength: weak. Use at least %n characters; longer is better, a few words make a good password.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Strength: fair. A longer password would be stronger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength: strong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
