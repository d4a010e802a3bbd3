/**
 * EST profiles: the path label a fleet enrolls under and the issuer it is bound to. With no
 * labelled profiles configured, one profile serves the root {@code /.well-known/est/}.
 */
package org.estuary.profile;
