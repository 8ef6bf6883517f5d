#include "core/crypto/HandshakePattern.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

namespace chive::core {

namespace {

struct PatternEntry {
    std::string_view name;
    // The spec's notation: one line per message, pre-messages before "...".
    std::string_view notation;
};

// Noise revision 34, section 7: the fundamental interactive patterns, then
// the deferred ones, in the spec's order.
constexpr std::array kPatterns{
    PatternEntry{"NN", "-> e\n<- e, ee"},
    PatternEntry{"NK", "<- s\n...\n-> e, es\n<- e, ee"},
    PatternEntry{"NX", "-> e\n<- e, ee, s, es"},
    PatternEntry{"KN", "-> s\n...\n-> e\n<- e, ee, se"},
    PatternEntry{"KK", "-> s\n<- s\n...\n-> e, es, ss\n<- e, ee, se"},
    PatternEntry{"KX", "-> s\n...\n-> e\n<- e, ee, se, s, es"},
    PatternEntry{"XN", "-> e\n<- e, ee\n-> s, se"},
    PatternEntry{"XK", "<- s\n...\n-> e, es\n<- e, ee\n-> s, se"},
    PatternEntry{"XX", "-> e\n<- e, ee, s, es\n-> s, se"},
    PatternEntry{"IN", "-> e, s\n<- e, ee, se"},
    PatternEntry{"IK", "<- s\n...\n-> e, es, s, ss\n<- e, ee, se"},
    PatternEntry{"IX", "-> e, s\n<- e, ee, se, s, es"},
    PatternEntry{"NK1", "<- s\n...\n-> e\n<- e, ee, es"},
    PatternEntry{"NX1", "-> e\n<- e, ee, s\n-> es"},
    PatternEntry{"X1N", "-> e\n<- e, ee\n-> s\n<- se"},
    PatternEntry{"X1K", "<- s\n...\n-> e, es\n<- e, ee\n-> s\n<- se"},
    PatternEntry{"XK1", "<- s\n...\n-> e\n<- e, ee, es\n-> s, se"},
    PatternEntry{"X1K1", "<- s\n...\n-> e\n<- e, ee, es\n-> s\n<- se"},
    PatternEntry{"X1X", "-> e\n<- e, ee, s, es\n-> s\n<- se"},
    PatternEntry{"XX1", "-> e\n<- e, ee, s\n-> es, s, se"},
    PatternEntry{"X1X1", "-> e\n<- e, ee, s\n-> es, s\n<- se"},
    PatternEntry{"K1N", "-> s\n...\n-> e\n<- e, ee\n-> se"},
    PatternEntry{"K1K", "-> s\n<- s\n...\n-> e, es\n<- e, ee\n-> se"},
    PatternEntry{"KK1", "-> s\n<- s\n...\n-> e\n<- e, ee, se, es"},
    PatternEntry{"K1K1", "-> s\n<- s\n...\n-> e\n<- e, ee, es\n-> se"},
    PatternEntry{"K1X", "-> s\n...\n-> e\n<- e, ee, s, es\n-> se"},
    PatternEntry{"KX1", "-> s\n...\n-> e\n<- e, ee, se, s\n-> es"},
    PatternEntry{"K1X1", "-> s\n...\n-> e\n<- e, ee, s\n-> se, es"},
    PatternEntry{"I1N", "-> e, s\n<- e, ee\n-> se"},
    PatternEntry{"I1K", "<- s\n...\n-> e, es, s\n<- e, ee\n-> se"},
    PatternEntry{"IK1", "<- s\n...\n-> e, s\n<- e, ee, se, es"},
    PatternEntry{"I1K1", "<- s\n...\n-> e, s\n<- e, ee, es\n-> se"},
    PatternEntry{"I1X", "-> e, s\n<- e, ee, s, es\n-> se"},
    PatternEntry{"IX1", "-> e, s\n<- e, ee, se, s\n-> es"},
    PatternEntry{"I1X1", "-> e, s\n<- e, ee, s\n-> se, es"},
};

NoiseToken parseToken(std::string_view word) {
    if (word == "e") {
        return NoiseToken::E;
    }
    if (word == "s") {
        return NoiseToken::S;
    }
    if (word == "ee") {
        return NoiseToken::EE;
    }
    if (word == "es") {
        return NoiseToken::ES;
    }
    if (word == "se") {
        return NoiseToken::SE;
    }
    assert(word == "ss");
    return NoiseToken::SS;
}

std::vector<NoiseToken> parseTokens(std::string_view list) {
    std::vector<NoiseToken> tokens;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view word = list.substr(0, comma);
        while (!word.empty() && word.front() == ' ') {
            word.remove_prefix(1);
        }
        tokens.push_back(parseToken(word));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return tokens;
}

} // namespace

HandshakePattern HandshakePattern::fromNotation(std::string_view name, std::string_view notation) {
    HandshakePattern pattern;
    pattern.m_name = std::string(name);
    const bool hasPreMessages = notation.find("...") != std::string_view::npos;
    bool inPreMessages = hasPreMessages;
    while (!notation.empty()) {
        const std::size_t newline = notation.find('\n');
        const std::string_view line = notation.substr(0, newline);
        notation =
            newline == std::string_view::npos ? std::string_view{} : notation.substr(newline + 1);
        if (line == "...") {
            inPreMessages = false;
            continue;
        }
        assert(line.size() > 3 && (line.starts_with("-> ") || line.starts_with("<- ")));
        const HandshakeRole sender =
            line.starts_with("->") ? HandshakeRole::Initiator : HandshakeRole::Responder;
        std::vector<NoiseToken> tokens = parseTokens(line.substr(3));
        if (inPreMessages) {
            auto& preMessage = sender == HandshakeRole::Initiator ? pattern.m_initiatorPreMessage
                                                                  : pattern.m_responderPreMessage;
            preMessage = std::move(tokens);
        } else {
            pattern.m_messages.push_back(Message{sender, std::move(tokens)});
        }
    }
    return pattern;
}

Result<HandshakePattern> HandshakePattern::find(std::string_view name) {
    const auto* entry = std::find_if(kPatterns.begin(), kPatterns.end(),
                                     [name](const PatternEntry& e) { return e.name == name; });
    if (entry == kPatterns.end()) {
        return fail(ErrorCode::InvalidArgument, "unsupported Noise handshake pattern");
    }
    return fromNotation(entry->name, entry->notation);
}

std::vector<std::string_view> HandshakePattern::supportedNames() {
    std::vector<std::string_view> names;
    names.reserve(kPatterns.size());
    for (const auto& entry : kPatterns) {
        names.push_back(entry.name);
    }
    return names;
}

bool HandshakePattern::needsLocalStatic(HandshakeRole role) const noexcept {
    if (!preMessage(role).empty()) {
        return true;
    }
    return std::any_of(m_messages.begin(), m_messages.end(), [role](const Message& message) {
        return message.sender == role && std::find(message.tokens.begin(), message.tokens.end(),
                                                   NoiseToken::S) != message.tokens.end();
    });
}

bool HandshakePattern::needsRemoteStaticBefore(HandshakeRole role) const noexcept {
    return !preMessage(otherRole(role)).empty();
}

} // namespace chive::core
