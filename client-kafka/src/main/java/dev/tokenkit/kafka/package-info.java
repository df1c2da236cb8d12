/**
 * {@link dev.tokenkit.kafka.TokenLoginCallbackHandler}: a {@link dev.tokenkit.TokenSource}'s token
 * for Kafka's SASL/OAUTHBEARER login, with its lifetime, scope and principal.
 */
package dev.tokenkit.kafka;
