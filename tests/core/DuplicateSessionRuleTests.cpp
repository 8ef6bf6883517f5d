// The rule for two sessions with the same contact: both sides, each looking
// at its own pair of sessions, keep the same one.

#include "core/crypto/X25519KeyPair.h"
#include "core/session/DuplicateSessionRule.h"

#include <catch2/catch_test_macros.hpp>

using chive::core::DuplicateSessionRule;
using chive::core::HandshakeRole;
using chive::core::X25519KeyPair;
using chive::core::X25519PublicKey;
using Keep = DuplicateSessionRule::Keep;

TEST_CASE("The session opened by the smaller key wins when each side opened one",
          "[core][session][duplicate]") {
    X25519PublicKey small{};
    X25519PublicKey large{};
    small[0] = 0x01;
    large[0] = 0x02;
    CHECK(DuplicateSessionRule::preferredRole(small, large) == HandshakeRole::Initiator);
    CHECK(DuplicateSessionRule::preferredRole(large, small) == HandshakeRole::Responder);
    // Compared as unsigned bytes, most significant first.
    X25519PublicKey high{};
    high[0] = 0x80;
    X25519PublicKey low{};
    low[0] = 0x7F;
    low[31] = 0xFF;
    CHECK(DuplicateSessionRule::preferredRole(low, high) == HandshakeRole::Initiator);

    // The small side opened the existing session, the large side the new one.
    CHECK(DuplicateSessionRule::choose(HandshakeRole::Initiator, HandshakeRole::Responder, small,
                                       large) == Keep::Existing);
    // The large side's view of the same pair: it is Responder in the
    // existing session and Initiator in the new one.
    CHECK(DuplicateSessionRule::choose(HandshakeRole::Responder, HandshakeRole::Initiator, large,
                                       small) == Keep::Existing);
    // The other arrival order.
    CHECK(DuplicateSessionRule::choose(HandshakeRole::Responder, HandshakeRole::Initiator, small,
                                       large) == Keep::New);
}

TEST_CASE("Both sides agree, for random keys and either arrival order",
          "[core][session][duplicate]") {
    for (int i = 0; i < 200; ++i) {
        const auto a = X25519KeyPair::generate().publicKey();
        const auto b = X25519KeyPair::generate().publicKey();
        // Session 1 opened by A, session 2 opened by B. Each side may see
        // them in either order.
        for (const bool aSeesOneFirst : {true, false}) {
            for (const bool bSeesOneFirst : {true, false}) {
                // A's roles: Initiator in session 1, Responder in session 2.
                const HandshakeRole aExisting =
                    aSeesOneFirst ? HandshakeRole::Initiator : HandshakeRole::Responder;
                const HandshakeRole aNew =
                    aSeesOneFirst ? HandshakeRole::Responder : HandshakeRole::Initiator;
                const Keep aKeep = DuplicateSessionRule::choose(aExisting, aNew, a, b);
                const int aKeeps = (aKeep == Keep::Existing) == aSeesOneFirst ? 1 : 2;

                const HandshakeRole bExisting =
                    bSeesOneFirst ? HandshakeRole::Responder : HandshakeRole::Initiator;
                const HandshakeRole bNew =
                    bSeesOneFirst ? HandshakeRole::Initiator : HandshakeRole::Responder;
                const Keep bKeep = DuplicateSessionRule::choose(bExisting, bNew, b, a);
                const int bKeeps = (bKeep == Keep::Existing) == bSeesOneFirst ? 1 : 2;

                CHECK(aKeeps == bKeeps);
                const bool aSmaller =
                    std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
                CHECK(aKeeps == (aSmaller ? 1 : 2));
            }
        }
    }
}

TEST_CASE("A reconnection in the same direction replaces the old session",
          "[core][session][duplicate]") {
    const auto a = X25519KeyPair::generate().publicKey();
    const auto b = X25519KeyPair::generate().publicKey();
    for (const auto role : {HandshakeRole::Initiator, HandshakeRole::Responder}) {
        CHECK(DuplicateSessionRule::choose(role, role, a, b) == Keep::New);
        CHECK(DuplicateSessionRule::choose(role, role, b, a) == Keep::New);
    }
}
