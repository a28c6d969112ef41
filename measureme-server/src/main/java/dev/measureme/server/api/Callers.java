package dev.measureme.server.api;

import dev.measureme.server.account.CurrentUser;

/** Who is asking, for the api role's controllers: see {@link CurrentUser}. */
final class Callers {

    String user() {
        return CurrentUser.name();
    }
}
