# expect: runtime_error
# feedback: a shape is a tuple of whole numbers, without quotes
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape="(3, 2)", return_sequences=True)])
