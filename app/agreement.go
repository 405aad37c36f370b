package app

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/agree"
)

// agreementWorst is how many of the lowest-agreement articles the
// agreement dialog lists.
const agreementWorst = 50

// showAgreement (Review → Agreement…) measures how far the store's
// annotators agree, as `tagdesk agree` does with every annotator, label
// and status, on another goroutine behind a progress dialog, and shows the
// result.
func (u *UI) showAgreement() {
	const title = "Agreement"
	var rep *agree.Report
	u.runBehind(title, func(ctx context.Context, progress func(float64)) error {
		st, err := u.store.Stats(ctx)
		if err != nil {
			return err
		}
		var who []string
		for _, a := range st.Annotators {
			if a != "" {
				who = append(who, a)
			}
		}
		study, err := agree.New(agree.Options{Annotators: who})
		if err != nil {
			return err
		}
		err = study.Feed(ctx, u.store, annotate.ExportFilter{}, func(n int) {
			if st.Articles > 0 {
				progress(float64(n) / float64(st.Articles))
			}
		})
		if err != nil {
			return err
		}
		rep = study.Report()
		return nil
	}, false, func(err error) {
		switch {
		case errors.Is(err, context.Canceled):
		case errors.Is(err, annotate.ErrInvalid):
			u.info(title, "Agreement needs the work of two annotators or more in this database.\n"+
				"Import theirs first (File → Import…).")
		case err != nil:
			u.alert(fmt.Errorf("measuring the agreement failed:\n%w", err))
		default:
			u.showAgreementReport(rep)
		}
	})
}

// showAgreementReport shows rep: each pair's and the overall figures, and
// the articles with the lowest agreement, whose rows open the article.
func (u *UI) showAgreementReport(rep *agree.Report) {
	o := &rep.Overall
	grid := container.NewGridWithColumns(6)
	cell := func(s string) { grid.Add(widget.NewLabel(s)) }
	for _, h := range []string{"Pair (A reference)", "Articles", "F1 exact", "F1 overlap", "κ tokens", "κ chars"} {
		grid.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, p := range rep.Pairs {
		cell(p.A + " × " + p.B)
		cell(fmt.Sprint(p.Articles))
		cell(agree.Figure(p.Spans.F1(false)).String())
		cell(agree.Figure(p.Spans.F1(true)).String())
		cell(p.TokenKappa.String())
		cell(p.CharKappa.String())
	}
	cell("All pairs")
	cell(fmt.Sprint(o.Complete) + " by all")
	cell(agree.Figure(o.Spans.F1(false)).String())
	cell(agree.Figure(o.Spans.F1(true)).String())
	cell(o.TokenFleiss.String() + " (Fleiss)")
	cell(o.CharFleiss.String() + " (Fleiss)")
	overall := widget.NewLabel(fmt.Sprintf("Krippendorff's α on tokens %s, α-U %s, multi-κ on tokens %s",
		o.TokenAlpha, o.AlphaU, o.TokenMultiK))

	worst := rep.Articles[:min(len(rep.Articles), agreementWorst)]
	var d dialog.Dialog
	list := widget.NewList(func() int { return len(worst) },
		func() fyne.CanvasObject { return widget.NewLabel("article") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(agreementRow(worst[i]))
		})
	list.OnSelected = func(i widget.ListItemID) {
		d.Hide()
		u.open(worst[i].ID)
	}
	head := widget.NewLabelWithStyle("Lowest agreement first (choose one to open it)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewBorder(container.NewVBox(grid, overall, head), nil, nil, nil, list)
	d = dialog.NewCustom("Agreement of "+fmt.Sprint(len(rep.Annotators))+" annotators", "Close", body, u.win)
	d.Resize(fyne.NewSize(820, 600))
	u.showDialog(d, dialogCancel)
}

// agreementRow is an article's row in the agreement dialog.
func agreementRow(a agree.ArticleResult) string {
	t := a.Title
	if t == "" {
		t = a.ExtID
	}
	who := "1 annotator"
	if a.Annotators != 1 {
		who = fmt.Sprintf("%d annotators", a.Annotators)
	}
	// A left-to-right mark first: a title in Arabic or Hebrew would
	// otherwise make the whole line right to left, brackets mirrored.
	return fmt.Sprintf("\u200e%s — F1 exact %s, overlap %s, κ tokens %s (%s, %s)",
		t, a.ExactF1, a.OverlapF1, a.TokenKappa, who, spanCount(a.Spans))
}
