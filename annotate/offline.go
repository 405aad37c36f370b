package annotate

import "errors"

// ErrOffline is returned by a store that cannot reach its database (a
// server that is down, restarting or out of reach): nothing was done, and
// the same call may be made again once it is back. A call whose outcome is
// unknown (the connection was lost while its commit was under way) does
// not return it.
var ErrOffline = errors.New("offline")

// ChangeOffline is reported by a Watcher that lost its database: changes
// by others go unseen until a ChangeUnknown says it is back.
const ChangeOffline ChangeKind = "offline"
