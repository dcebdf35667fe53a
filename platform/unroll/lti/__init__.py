"""Unroll as an LTI 1.3 Advantage tool inside a learning management system (Canvas, Moodle, Open edX...).

Built on django-lti (`lti_tool`: registrations, deployments, the tool's keys, LMS users, contexts, resource
links and line items, on PyLTI1p3). This app adds what is Unroll's: which Unroll course an LMS course is,
which course item a link or line item is, and the scores owed to the LMS.
"""
