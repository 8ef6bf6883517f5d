#pragma once

// Golden values for the per-contact bundle, the contact exchange's CONFIRM
// and the delivery records. Keys are published ones: X25519 key pairs from
// RFC 7748 section 6.1 (Alice, Bob) and ed25519 seeds and public keys from
// RFC 8032 section 7.1 (TEST 1, TEST 2). The encodings and the CONFIRM MACs
// were computed independently of Chive's code, with Python's struct and
// hashlib.blake2b (key=..., digest_size=32).

#include <string_view>

namespace chive::testing {

// RFC 8032 7.1 TEST 1: seed and public key.
inline constexpr std::string_view kEd25519Seed1 =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
inline constexpr std::string_view kEd25519Public1 =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
// RFC 8032 7.1 TEST 2: public key.
inline constexpr std::string_view kEd25519Public2 =
    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

// Static key Alice, service key TEST 1, client-auth key Bob.
inline constexpr std::string_view kInitiatorBundle =
    "01"
    "010020"
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    "020020"
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    "030020"
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
// Static key Bob, service key TEST 2, client-auth key Alice.
inline constexpr std::string_view kResponderBundle =
    "01"
    "010020"
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    "020020"
    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    "030020"
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

// CONFIRM with the rendezvous secret of the Alice/Bob rendezvous vector,
// handshake hash 00 01 02 … 3f, and the two bundles above.
inline constexpr std::string_view kRendezvousSecret =
    "b3d71041939f5f97f26ebca120c5d594b9abe044ab6584a261dae8f31e085389";
inline constexpr std::string_view kInitiatorConfirm =
    "57e655dd449c207657bfdc381c6e1fce4721c1104a69ba44e3456ff2c229e72b";
inline constexpr std::string_view kResponderConfirm =
    "9d251d0e14cd3176997101e6037940d9db5d5d4257b8d2f25e3835caa24e5c9d";

// MESSAGE id 1, sent at 1700000000000 ms (2023-11-14 22:13:20 UTC), "hi ☃".
inline constexpr std::string_view kMessageBody = "0000000000000001"
                                                 "0000018bcfe56800"
                                                 "686920e29883";
// MESSAGE id 2^63-1, sent at -1 ms, "x".
inline constexpr std::string_view kMessageBodyEdges = "7fffffffffffffff"
                                                      "ffffffffffffffff"
                                                      "78";
// ACK of id 0x0102030405060708.
inline constexpr std::string_view kAckBody = "0102030405060708";

} // namespace chive::testing
