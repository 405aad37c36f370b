package suggest

import (
	"sync"

	"github.com/tagdesk/tagdesk/annotate"
)

// pending keeps the articles sent to a command and not answered yet.
type pending struct {
	mu       sync.Mutex
	byID     map[string]*annotate.Article
	answered map[string]bool
	order    []string
}

func newPending() *pending {
	return &pending{byID: map[string]*annotate.Article{}, answered: map[string]bool{}}
}

// add records a sent article; false if its id was sent before.
func (p *pending) add(a *annotate.Article) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.byID[a.ExtID]; ok || p.answered[a.ExtID] {
		return false
	}
	p.byID[a.ExtID] = a
	p.order = append(p.order, a.ExtID)
	return true
}

const (
	okID = iota
	unknownID
	answeredID
)

// take returns the sent article of id and forgets it.
func (p *pending) take(id string) (*annotate.Article, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.byID[id]
	switch {
	case ok:
		delete(p.byID, id)
		p.answered[id] = true
		return a, okID
	case p.answered[id]:
		return nil, answeredID
	}
	return nil, unknownID
}

// left counts the articles not answered.
func (p *pending) left() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.byID)
}

// first returns the id of the first article sent and not answered.
func (p *pending) first() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range p.order {
		if _, ok := p.byID[id]; ok {
			return id
		}
	}
	return ""
}
