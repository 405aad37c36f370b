package app

import "github.com/tagdesk/tagdesk/annotate"

// suggestFilterName is the list's choice of the articles where
// suggestions wait for the annotator (annotate.ArticleFilter.HasSuggestions).
const suggestFilterName = "With suggestions"

func init() {
	statusFilters = append(statusFilters, statusFilters[0])
	last := &statusFilters[len(statusFilters)-1]
	last.name, last.st, last.queue = suggestFilterName, nil, false
}

// suggestFilter sets f's HasSuggestions when the list's choice is
// suggestFilterName.
func suggestFilter(f *annotate.ArticleFilter, choice string) {
	f.HasSuggestions = choice == suggestFilterName
}
