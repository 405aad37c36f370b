package app

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
)

// TestMemStoreContract runs annotate.Store's contract suite on the
// in-memory store that the window tests use, so that it behaves as the
// real store does.
func TestMemStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Store { return newMemStore() })
}
