# expect: runtime_error
# A BaseException subclass escaping everything.
class Escape(BaseException):
    pass


model = correct_model()
raise Escape("bye")
