<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
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
</TS>
