"""Stage 1 (自愿申报): an applicant drafts the form of one of the five categories, uploads the
materials, invites colleagues and submits.

`forms` holds the five category forms and their fields and checks, `services` every write
(drafts, autosave, materials, submission, invitations), `selectors` what the pages and the
guards read (completeness, deadlines, locality, the dashboard), `materials` the checks of an
uploaded file, `documents` the filled form as Word and the application as PDF, and `views` the
applicant's pages.
"""
