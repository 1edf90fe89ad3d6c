from __future__ import annotations

from django.urls import path

from displace.web.deals import closing, editing, reasons, views

urlpatterns = [
    path("import/", views.import_page, name="deal-import"),
    path("new/", editing.new_deal, name="deal-new"),
    path("<int:deal_id>/classify/", editing.classify, name="deal-classify"),
    path("<int:deal_id>/parts/<slug:section>/", editing.edit_section, name="deal-section"),
    path("<int:deal_id>/parts/<slug:section>/<int:index>/", editing.edit_entry,
         name="deal-entry"),
    path("<int:deal_id>/parts/<slug:section>/<int:index>/remove/", editing.remove_entry,
         name="deal-entry-remove"),
    path("<int:deal_id>/", views.deal_page, name="deal"),
    path("<int:deal_id>/edit/", views.edit_deal, name="deal-edit"),
    path("<int:deal_id>/decision/", views.edit_decision, name="deal-decision"),
    path("<int:deal_id>/gaps/", views.add_gap, name="gap-add"),
    path("<int:deal_id>/gaps/<slug:key>/", views.edit_gap, name="gap-edit"),
    path("<int:deal_id>/comments/", views.comment, name="deal-comment"),
    path("<int:deal_id>/close/", closing.close, name="deal-close"),
    path("<int:deal_id>/reopen/", closing.reopen, name="deal-reopen"),
    path("reasons/", reasons.reasons_page, name="outcome-reasons"),
    path("<int:deal_id>/export.toml", views.export, name="deal-export"),
]
